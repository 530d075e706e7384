-- Why an inactive case stays open (issue 18): asked again on ask_again_on.
CREATE TABLE case_open_reasons (
    case_id      TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    reason       TEXT NOT NULL,
    set_by       TEXT NOT NULL,
    set_at       TEXT NOT NULL,
    ask_again_on TEXT NOT NULL
);
