// The CLI tests run the tool in-process, and its plots go through ScottPlot and SkiaSharp 3.119, which does not keep
// its managed wrappers alive during native calls (mono/SkiaSharp#2821): a garbage collection in the middle of drawing
// can finalize a paint or path still in use and crash the process natively (crash reports showed ScottPlot's
// DrawMarkers). The tool holds collections off while it renders (Plots.Save); tests running alongside would still
// allocate enough to force one, so they run one at a time, as the tool itself does. Measured: with tests in parallel
// the host crashed in 2 of 5 runs; one at a time, 0 of 8.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
