"""What the MkDocs build uses besides its hooks: helpers shared by hooks, cards, preview state."""
