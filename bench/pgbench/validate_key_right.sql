SELECT user_id FROM lucia_validate_key('email', 'bench@example.com', 'correct horse battery staple');
