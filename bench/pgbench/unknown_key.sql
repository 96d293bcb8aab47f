DO $$ BEGIN PERFORM lucia_validate_key('email', 'nobody@example.com', 'wrong horse battery staple'); EXCEPTION WHEN OTHERS THEN NULL; END $$;
