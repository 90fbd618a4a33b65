"""Cases: the event log of each sent application, its fold into a case view, the workspace."""
