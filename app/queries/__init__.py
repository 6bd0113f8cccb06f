"""The read side (DESIGN §3): every list, figure and lookup a view or the CLI shows, as a
plain function of the store. Nothing here writes. The programme's rules in SQL come from
``app.predicates``; the actions are in ``app.ops``."""
