"""Commands beside the pipeline: `scholion new` (a note's scaffold) and `scholion serve`
(a preview server that rebuilds on change). Each calls the stages; neither is one."""
