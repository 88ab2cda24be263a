-- Numbers the difference check withheld from an answer, each with the earlier
-- answer it was checked against (libs/compliance/README.md), as JSON; '[]'
-- when nothing was withheld, and for every record written before.
ALTER TABLE {db}.audit_records ADD COLUMN IF NOT EXISTS refusals String DEFAULT '[]';
