// The network domain: value types for periods, products, sites, processes, lanes, demand and policy.
