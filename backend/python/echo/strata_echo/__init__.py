NAME = "echo"
VERSION = "1.0.0"
