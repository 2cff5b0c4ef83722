import Testing; import VaporTesting
