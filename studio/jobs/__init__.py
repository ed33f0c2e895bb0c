"""One function per job a person runs, composing the layers below; progress + cancel; no widgets."""
