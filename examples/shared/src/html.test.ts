import { expect, it } from 'vitest';
import { markup, jsonScript } from './html.js';

it('escapes interpolated text, keeps nested html, and drops null/false', () => {
  const name = '<img src=x onerror="alert(1)">';
  const out =
    markup`<p title="${name}">${name}${markup`<b>${'&'}</b>`}${null}${false}${['a', markup`<i>b</i>`]}</p>`
      .value;
  expect(out).toBe(
    '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<b>&amp;</b>a<i>b</i></p>',
  );
});

it('JSON in a script cannot close the script tag', () => {
  expect(jsonScript({ name: '</script><script>alert(1)</script>' }).value).not.toContain('</script>');
  expect(JSON.parse(jsonScript({ a: '</script>' }).value)).toEqual({ a: '</script>' });
});
