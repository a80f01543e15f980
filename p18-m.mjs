import { readFileSync } from 'node:fs';
const st = () => { const s = readFileSync('/proc/self/status','utf8'); const g = (k) => Math.round(Number(new RegExp(k+':\\s+(\\d+)').exec(s)[1])/1024); return `rss ${g('VmRSS')} anon ${g('RssAnon')} file ${g('RssFile')} heapUsed ${Math.round(process.memoryUsage().heapUsed/1048576)} heapTotal ${Math.round(process.memoryUsage().heapTotal/1048576)}`; };
await import(process.argv[2]);
global.gc?.(); await new Promise(r=>setTimeout(r,500)); console.log(process.argv[2], st());
