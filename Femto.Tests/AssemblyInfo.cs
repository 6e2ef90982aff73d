// FemtoLogging (the logger registry, shutdown state) and FemtoDiagnostics.Writer are process-wide, and most tests
// touch them, so the whole assembly runs one test at a time.
[assembly: NonParallelizable]
[assembly: LevelOfParallelism(1)]
