"""Developer tools: the benchmark commands (bench_pages, bench_scoring; figures in docs/performance.md).

Outside the apps, and installed only with debug on or DXT_DEV_TOOLS=true (dxtracker/settings.py), so that a
production deployment has no benchmark command and no benchmark template. devtools may import any app; no
app imports devtools.
"""
