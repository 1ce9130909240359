"""callwindow's MCP server for AI voice agents (extra: `pip install callwindow[mcp]`).

    callwindow-mcp --db history.sqlite3                                stdio
    callwindow-mcp --transport http --port 8765 --keys-file keys.txt   streamable HTTP, bearer keys

Tools: can_i_call_now, next_window, record_attempt, opt_out, claim, complete_claim,
release_claim - each a question or a record handed to the core, answered with the core's own
JSON object (the decision of `can-i-call --json`). The `mcp` SDK is imported only by this
package. See docs/mcp.md.
"""
