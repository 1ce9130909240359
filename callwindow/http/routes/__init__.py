"""The routes, one module per group: `check` (decisions and windows), `history` (records),
`ops` (health, readiness, versions). Each builds an APIRouter over the `Service`."""
