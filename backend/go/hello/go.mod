module strata.local/backend/hello

go 1.19
