"""The case dialogue: one message thread per case between the citizen and the office."""
