"""The follow-up app's views, a module per kind of page: the internal control plan, the rounds and their
overview, and the entries of a round (activities, goal assessments, control results)."""
