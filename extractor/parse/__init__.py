"""Pure parsers for the values printed in PK documents: numbers, money, dates, NIPs, names."""
