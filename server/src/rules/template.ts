import { LineIndex } from '../parser/lineIndex';
import { LANGUAGE_NAMES, type TemplateInfo } from '../parser/template';
import type { Rule } from './types';

const EVIDENCE: Record<TemplateInfo['by'], string> = {
  name: 'by its name',
  setting: 'as nginxWs.templates says',
  content: 'by its tags',
};

/** Once per template: what language nginx-ws took it for and how it reads it, or why it stopped reading it. */
export const template: Rule = {
  id: 'template',
  defaultSeverity: 'information',
  docs: {
    summary: 'The file is a template (Go, Jinja, ERB, etlua, envsubst...): nginx-ws checks the config it renders to, and says so once.',
    why:
      'A template is not what nginx reads: its tags are replaced first. Checked as it stands, a template gets an error for every `{{ }}` or `{% %}`. nginx-ws recognises a template by its name (`*.tmpl`, `*.gotmpl`, `*.tpl`, `*.j2`, `*.jinja`, `*.erb`, `*.etlua`, `*.template` for envsubst), by the `nginxWs.templates` setting, or by its tags, and reads it as the config it renders to. A tag inside a directive is an unknown value: nothing is said about that directive. A tag alone on its line that renders text (`{{ template "x" . }}`, `{% include %}`, a `{{ snippet }}` variable) stands for directives nginx-ws cannot see: nothing is said about the block it sits in. `{% if %}`, `{% for %}`, `{{ range }}`, `{{ end }}` and their kind are read as if every branch were there, so a mistake inside a branch is still found. When a branch opens a brace that another branch closes, which `}` closes which block depends on the values: nginx-ws then checks nothing in the file and says where it stopped. A template that no config includes as it stands is rendered to a file that something else includes: the names it uses (variables, zones, upstreams) are not judged. Findings in a template come without fixes.',
    fix: 'Nothing to change. To check a file as a template that nginx-ws does not recognise, list it in `nginxWs.templates`; to check exactly what nginx will load, check the rendered file.',
    example: 'server {\n    listen {{ .Port }};\n    {% if websocket %}\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n    }\n    {% endif %}\n}',
    evidence:
      "A file that nginx-ws reads as a template: by its name (`*.tmpl`, `*.gotmpl`, `*.tpl`, `*.j2`, `*.jinja`, `*.jinja2`, `*.erb`, `*.etlua`, `*.template`), by a `nginxWs.templates` glob, or by its content (Go, Jinja, ERB or etlua tags, `${...}` placeholders that are no nginx variable, documentation placeholders such as `__PORT__` or `<name>`). One note per file, on its first tag; when the braces cannot be followed through the branches, the note says where nginx-ws stopped, and it is the file's only finding.",
    quiet:
      '- Files that are not templates, and files whose only tag-like text is in comments.\n- A file named as a template in which no tag is found.',
  },
  check(ctx) {
    const info = ctx.file.template;
    if (!info) return;
    const index = LineIndex.of(ctx.file.text);
    const kind = `this file is ${article(LANGUAGE_NAMES[info.language])} (${EVIDENCE[info.by]})`;
    const stop = info.unknownStructure;
    if (stop) {
      ctx.report({
        range: index.range(stop.start, stop.end),
        message: `${kind}, and ${stop.reason}: which block each brace closes depends on the values of the tags, so nginx-ws checks nothing in it`,
      });
      return;
    }
    const first = info.tags[0] ?? info.blanked[0];
    if (!first) return;
    ctx.report({
      range: index.range(first.start, first.end),
      message: `${kind}: nginx-ws checks the config it renders to, with every branch kept, and says nothing about what a tag writes`,
    });
  },
};

function article(name: string): string {
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}
