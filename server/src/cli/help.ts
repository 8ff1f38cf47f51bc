export const HELP = `nginx-ws: checks nginx configuration exactly as nginx parses it, and catches WebSocket proxying mistakes.

Usage:
  nginx-ws check [options] PATH...   check files, or folders (walked for *.conf, nginx.conf, *.nginx,
                                     *.conf.template and every file under sites-enabled/ and sites-available/;
                                     templates such as *.conf.j2 or nginx.tmpl are read as what they render to)
  nginx-ws fmt [options] PATH...     format files, or folders (the same files as check), in place;
                                     fmt - formats standard input to standard output
  nginx-ws init [--force]            write .nginx-ws.json for this folder: nginxVersion from the nginx on
                                     PATH (nginx -v), main from the main configs found here
  nginx-ws rules                     list the rules with their default severity
  nginx-ws explain [options] FILE:LINE
                                     print the effective configuration of the location or server at
                                     that line: headers sent, timeouts, HTTP version, upstream, and
                                     whether a WebSocket gets through
  nginx-ws probe [options] URL       open a real WebSocket (ws:// or wss://) and watch it; explain a failure
  nginx-ws lsp [--stdio]             run the language server (for editors other than VS Code)
  nginx-ws --help | --version

Options for check:
  --format text|json|sarif      output format (default text); sarif is for GitHub code scanning
  --fix                         apply the safe fixes in place (files with a syntax error are left alone)
  --nginx-version V             the nginx version the config runs on, e.g. 1.24.0 (default: unknown)
  --heartbeat TIME              time between the application's WebSocket heartbeats: 25, 25s, 1m (default 30s)
  --rule RULE=LEVEL             set a rule's level: off, error, warning, information or hint (repeatable)
  --websocket-path REGEX        a path pattern that marks a location as a WebSocket endpoint (repeatable)
  --template GLOB               files to read as templates, besides *.j2, *.tmpl, ... and files with tags (repeatable)
  --prefix DIR                  the folder relative includes start from (default: the main config's folder)
  --main FILE                   the main config that includes the files checked (default: an nginx.conf
                                beside or up to 3 folders above each file)
  --dump FILE|-                 check the config in the output of nginx -T (- reads standard input), with
                                no PATH: nginx -T | nginx-ws check --dump -

check reads the nearest .nginx-ws.json above the PATHs (nginxVersion, heartbeatInterval, websocketPaths,
rules, prefix, main); the options above override it.

Options for fmt:
  --check                       change nothing: print a unified diff of what would change, exit 1 if anything would
  --indent 4|tab                one level of indentation: a number of spaces (1 to 8, default 4) or a tab

Options for explain:
  --nginx-version V, --prefix DIR, --main FILE   as for check

Options for probe:
  --timeout SECONDS             handshake and watch, in all (default 65: just above nginx's 60 s read timeout)
  --json                        print the result as JSON
  --insecure                    for wss://, accept a certificate that is not trusted (self-signed)
  --header 'Name: value'        send an extra request header, e.g. Cookie or Authorization (repeatable)

Exit status: 0 no error-severity problem, 1 at least one, 2 bad usage or unreadable input.
  fmt: 0 every file formatted (or, with --check, already formatted), 1 a change found by --check or a file
  with a syntax error (left as it is), 2 bad usage or unreadable input.
  explain: 0 printed, 2 bad usage, an unreadable file or a line outside any location or server.
  probe: 0 a 101 that stayed open for the whole watch, 1 anything else, 2 bad usage.
Rules: https://github.com/nginx-ws/nginx-ws/blob/main/docs/rules.md
`;
