// Scenario folders and single files, read into and written from the domain model.
