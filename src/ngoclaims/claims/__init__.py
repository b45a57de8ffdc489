"""The claim domain: the tables' schema, the registry, reading numbers, interval
arithmetic, derived figures, the checks, the verdicts and the words that state them.
Pure computation: nothing here writes a file or imports Great Expectations."""
