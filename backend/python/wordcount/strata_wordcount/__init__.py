NAME = "wordcount"
VERSION = "1.0.0"
