print("seqthink: not yet wired")
