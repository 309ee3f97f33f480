"""Who fills a seat: bots and their evaluator, advice, autoplay, orders files and the table game.

Clients of ``engine``; nothing here is imported by the engine."""
