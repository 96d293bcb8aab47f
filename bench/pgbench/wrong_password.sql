DO $$ BEGIN PERFORM lucia_validate_key('email', 'bench@example.com', 'wrong horse battery staple'); EXCEPTION WHEN OTHERS THEN NULL; END $$;
