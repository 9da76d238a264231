// The formulation of a scenario as a linear or mixed-integer program, and its solution as a plan.
