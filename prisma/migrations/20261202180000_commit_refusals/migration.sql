-- A commit that touches no customer is one statement without BEGIN/COMMIT (prisma/store/commit.ts).
-- When its claim was taken or its trial changed meanwhile, the statement must fail itself, so
-- that PostgreSQL rolls back every write in it: this raises the refusal (SQLSTATE TB001, the
-- message names the part that wrote nothing) from the statement's final SELECT.
CREATE FUNCTION trials_refuse(part text) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'TB001', MESSAGE = part;
END
$$;
