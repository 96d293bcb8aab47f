-- Lucia v1's password hash test vectors (spec 5.4) through the SQL helpers, and the same hashes
-- stored in auth_key as Lucia wrote them.
CREATE TEMP TABLE vectors (name text, password text, stored text);
INSERT INTO vectors VALUES
('hunter2, fixed salt', 'hunter2',
 's2:abcdefghijklmnop:732bd5c478953983828d4b32f3a1670a120a4ae2fceabec953fe4dc51b37d0e7c32022cdbec7055de0afc05f8774a525321876b7fcd007bdb56c8cb943e4a94a'),
('pässwörd NFC, fixed salt', convert_from('\x70c3a4737377c3b67264', 'UTF8'),
 's2:ABCDEFGHIJ123456:5fe13b8298973c85eba9cceb1a249176d378943fc5b01939fc2064bc6b15441e440dacf288893a1a5bfa8fd1e04d5ae8d94d99da49d647ed9f8e7c4bc38b8f83'),
('empty, fixed salt', '',
 's2:0000000000000000:fc67cbdcdbd4f5c77534b6bce9f305722702e082dad70c063672144962c6afade6b483a9ffff5be62fe96ab2c5544dd37dab0a24c8bf6f2270766c58bef20a57'),
('hunter2, legacy r=8', 'hunter2',
 'abcdefghijklmnop:9f7b9d8c23db4ae9fb941fb6320d39b24d9ad41e15f65d9530cb23c35b8bd951fb8a0b59cf656203d2bd5380ccb400c5a8d2aa243bb2b2914aab6335bec77fee'),
('hunter2, random salt', 'hunter2',
 's2:u0zRFH8qbY4e031U:213540f319cf4606a1eaeb26998e8ade31be870224d6acee1ffbf2e7180cf81d3284947b7b46147c5c24fb2362155ab6ed8cd197efd03ccce8eaf87e11807eaf'),
('pässwörd, random salt', 'pässwörd',
 's2:vgFnygB4agHGtq73:733ae2257f522bcf60c2363033638fbf2874aa1ad35d3cb9b07b33021b1d0a6533daf51451f9b2c48536fe4f600939e4a0832be9144b9ec60b57b7c431594973'),
-- Generated from non-NFKC input: Lucia stores the NFKC form's hash, then fails the original
-- spelling; we verify both spellings (spec 5.2).
('decomposed, original spelling', E'pa\u0308sswo\u0308rd',
 's2:QS9KJnTuPli0Q4yM:14fbc18f0766cb207d61b4e3f93f7dfb94f9c7434b5be469cde04340b80ff58d61f548e33a2a4b6018abaea2c6d7cd231073d4045cfd222e4fc8b676a51f7133'),
('decomposed, NFKC spelling', 'pässwörd',
 's2:QS9KJnTuPli0Q4yM:14fbc18f0766cb207d61b4e3f93f7dfb94f9c7434b5be469cde04340b80ff58d61f548e33a2a4b6018abaea2c6d7cd231073d4045cfd222e4fc8b676a51f7133'),
('ligature, original spelling', E'\uFB01sh',
 's2:f8HstMbJbMn3HIS9:dfe9712a1f6ba014adbb7f5bf4e6c25126ead7c0b28cdff713a369c6ee876df3ec9bf525b70aff5ea0b277153f7d838dd8721cef05accd29b29ea176e895ee43'),
('ligature, NFKC spelling', 'fish',
 's2:f8HstMbJbMn3HIS9:dfe9712a1f6ba014adbb7f5bf4e6c25126ead7c0b28cdff713a369c6ee876df3ec9bf525b70aff5ea0b277153f7d838dd8721cef05accd29b29ea176e895ee43');
SELECT name, lucia_verify_password(password, stored) AS verifies,
       lucia_verify_password(password || 'x', stored) AS wrong_verifies
FROM vectors ORDER BY name;

-- Negative checks (Lucia's validate answers false; here an unreadable hash is an error).
SELECT lucia_verify_password('hunter2', 's2:abcdefghijklmnop:' || repeat('0', 128)) AS zero_digest;
SELECT regress.err($$SELECT lucia_verify_password('hunter2', 's3:abc:def')$$);
SELECT regress.err($$SELECT lucia_verify_password('hunter2', 's2:a:b:c')$$);
SELECT regress.err($$SELECT lucia_verify_password('hunter2', upper((SELECT stored FROM vectors WHERE name = 'hunter2, fixed salt')))$$);
SELECT regress.err($$SELECT lucia_verify_password('hunter2', 's2:abcdefghijklmnop:' || repeat('a', 127))$$);
SELECT regress.err($$SELECT lucia_verify_password('hunter2', '')$$);
SELECT regress.err($$SELECT lucia_verify_password('hunter2', '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy')$$);
SELECT regress.err($$SELECT lucia_verify_password('hunter2', '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy')$$);
SELECT regress.err($$SELECT lucia_verify_password(NULL, 's3:abc:def')$$);
SELECT regress.err($$SELECT lucia_verify_password('hunter2', NULL)$$);

-- lucia_hash_password: Lucia's format, a fresh salt each time, NFKC before hashing.
SELECT lucia_hash_password('hunter2') ~ '^s2:[a-zA-Z0-9]{16}:[0-9a-f]{128}$' AS format,
       length(lucia_hash_password('hunter2')) AS length,
       lucia_hash_password('hunter2') <> lucia_hash_password('hunter2') AS salted;
SELECT lucia_verify_password('pässwörd', lucia_hash_password(E'pa\u0308sswo\u0308rd')) AS nfkc_on_generate;
SELECT lucia_verify_password('', lucia_hash_password('')) AS empty_roundtrip;
SELECT regress.err($$SELECT lucia_hash_password(NULL)$$);
SELECT regress.err($$SELECT lucia_hash_password(repeat('x', 4097))$$);
SELECT length(lucia_hash_password(repeat('x', 4096))) AS longest_password_hashes;

-- The vectors as rows Lucia wrote: each logs in through lucia_validate_key.
CREATE SCHEMA t_vectors;
SELECT lucia_create_tables('t_vectors');
SET lucia.tables_schema = t_vectors;
INSERT INTO t_vectors.auth_user VALUES ('vectoruser00001');
INSERT INTO t_vectors.auth_key SELECT 'vector:' || name, 'vectoruser00001', false, stored, NULL FROM vectors;
SELECT v.name, k.user_id, k.type
FROM vectors v, LATERAL lucia_validate_key('vector', v.name, v.password) k
WHERE v.password <> '' ORDER BY v.name;
RESET lucia.tables_schema;
DROP SCHEMA t_vectors CASCADE;
