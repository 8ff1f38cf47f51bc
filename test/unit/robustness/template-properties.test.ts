// Templates are half-read by design: whatever tags, branches and braces a file mixes, reading it as a template
// never throws, keeps every position inside the text, and renders to a text of the same length and lines.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readTemplate } from '../../../server/src/parser/template';
import { checkAnalysis } from './invariants';
import { fcParams } from './generators';

const PIECES = [
  '{{ ', ' }}', '{{- ', ' -}}', '{{ if .A }}', '{{ else }}', '{{ end }}', '{{ range .B }}', '{{ define "x" }}', '{{ template "x" . }}', '{{/* c */}}',
  '{% if a %}', '{% elif b %}', '{% else %}', '{% endif %}', '{% for x in y %}', '{% endfor %}', '{% macro m() %}', '{% endmacro %}', '{# c #}', '{%', '%}',
  '<%= v %>', '<%- v %>', '<% if x then %>', '<% end %>', '<%', '%>', '${NAME}', '${a.b}', '$UPPER', '${x}',
  'server {', 'location / {', '}', '{', ';', '"', "'", '#', '\n', ' ', 'listen 80;', 'proxy_pass http://b;', 'content_by_lua_block {', '\\',
];

const templateSoup = fc.array(fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }), { maxLength: 120 }).map((p) => p.join(''));

describe('templates on any input', () => {
  test('the rendered text keeps the length and the line breaks', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(templateSoup, fc.constantFrom('x.conf', 'x.tmpl', 'x.j2', 'x.etlua', 'x.erb', 'x.conf.template'), (text, name) => {
        const view = readTemplate(text, `/t/${name}`, []);
        if (!view) return;
        assert.equal(view.text.length, text.length);
        for (let i = 0; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') assert.equal(view.text[i], text[i]);
        for (const t of view.info.tags) assert.ok(t.start >= 0 && t.end <= text.length && t.start < t.end);
      }),
      fcParams(400),
    );
  });

  test('the whole analysis never throws and reports inside the text', { timeout: 120_000 }, () => {
    fc.assert(fc.property(templateSoup, fc.constantFrom('nginx.conf', 'site.conf.j2', 'nginx.tmpl'), (text, name) => void checkAnalysis(text, `file:///robustness/${name}`)), fcParams(200));
  });
});
