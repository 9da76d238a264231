// The HTTP API and the web app for planners.
