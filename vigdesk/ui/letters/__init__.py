"""Letters: the case's Letters tab and editor, the PDF preview, the BSO's outbox tab,
"Copy for an e-mail"."""
