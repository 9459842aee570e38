"""Running a build: the command line, build(), the workers, incremental builds, progress.

cli.py reads the options; build.py runs the whole build and merge() joins shards;
pipeline.py holds one task's work, prepare() (load, check, lay out) and render_all()
(draw the files), which build.py and workers.py both call; workers.py spreads the tasks
over processes; incremental.py decides what is fresh; progress.py reports. The
benchmark, `python -m toolkit.bench`, is toolkit/bench.py.

The top of the pipeline: no other package imports from here. Kept empty so a build with
nothing to do answers before the drawing code is imported.
"""
