// Each cluster test starts worker processes on a 2-core machine; run alongside each other they would starve one
// another's membership probes and turn timing into flakiness.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
