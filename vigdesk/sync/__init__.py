"""Site folder sync (DESIGN §6): no Qt, no services; `vigdesk.services.sync` drives it.

Layout and files: `layout` (paths, atomic writes), `manifest` (site.json), `check`
(verified network detection), `network` (OS hints), `requests` (enrolment),
`keywraps` (HPKE key wraps), `journal` (signed, sealed change sets), `transfer`
(verified, resumable blob copies), `audit_push` / `audit_verify` (audit to the office).
Merging: `hlc`, `changes`, `rowstate` (the rules), `rowstore`, `capture` (local edits
from the trigger log), `apply`. One run: `run`, with `outgoing`, `incoming`,
`keyexchange`, `blobflow`. Identity: `identity`, `device`, `sitekey`, `admin`.
"""
