-- Name search that does not read every person (issue 19): a trigram full-text index over the
-- normalised names, so `LIKE '%fragment%'` on three letters or more is answered from the index.
-- External content: the names stay in `persons`; the index holds only trigrams, and the
-- triggers keep it in step with every insert, change and removal (anonymisation included).
CREATE VIRTUAL TABLE persons_names USING fts5(
    name_key,
    content = 'persons',
    content_rowid = 'id',
    tokenize = 'trigram'
);

INSERT INTO persons_names (persons_names) VALUES ('rebuild');

CREATE TRIGGER persons_names_insert AFTER INSERT ON persons BEGIN
    INSERT INTO persons_names (rowid, name_key) VALUES (new.id, new.name_key);
END;

CREATE TRIGGER persons_names_delete AFTER DELETE ON persons BEGIN
    INSERT INTO persons_names (persons_names, rowid, name_key) VALUES ('delete', old.id, old.name_key);
END;

CREATE TRIGGER persons_names_update AFTER UPDATE OF name_key ON persons BEGIN
    INSERT INTO persons_names (persons_names, rowid, name_key) VALUES ('delete', old.id, old.name_key);
    INSERT INTO persons_names (rowid, name_key) VALUES (new.id, new.name_key);
END;
