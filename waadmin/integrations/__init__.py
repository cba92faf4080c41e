"""Ways to run waadmin inside other systems (the Django app's Celery workers); each is an optional
extra and is imported only by whoever uses it."""
