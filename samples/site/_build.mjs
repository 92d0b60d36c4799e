// Regenerates the demo site's HTML (GBK pages are written as GBK bytes). Run: node samples/site/_build.mjs
import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
const R = 'samples/site/';
const page = (title, body, charset = 'utf-8', meta = true) => `<!DOCTYPE html>
<html lang="zh-CN">
<head>
${meta ? (charset === 'utf-8' ? '<meta charset="utf-8">' : `<meta http-equiv="Content-Type" content="text/html; charset=${charset}">`) : ''}
<title>${title}</title>
</head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/czyjs/index.html">财政预决算公开</a></div>
${body}
</body>
</html>
`;
const w = (p, s, enc = 'utf-8') => writeFileSync(R + p, enc === 'utf-8' ? s : iconv.encode(s, 'gbk'));
const list = (items) => '<ul class="list">\n' + items.map(([href, t, d]) => `  <li><a href="${href}" title="${t}">${t}</a><span>${d}</span></li>`).join('\n') + '\n</ul>';
w('index.html', page('某市财政局', '<h1>某市财政局（演示站点）</h1><p><a href="/czyjs/index.html">财政预决算公开</a></p>'));
w('robots.txt', 'User-agent: *\nDisallow: /private/\n');
w('czyjs/index.html', page('财政预决算公开', list([
  ['./202506/t20250601_001.html', '上海市普陀区财政局2024年度部门决算', '2025-06-01'],
  ['./202506/t20250602_002.html', '上海市浦东新区文化体育和旅游局2024年度部门决算', '2025-06-02'],
  ['./202505/t20250501_010.html', '关于开展2025年度消防安全检查的通知', '2025-05-01'],
  ['./att/shanghai-2024-minhang-sifa.pdf', '上海市闵行区司法局2024年度部门决算', '2025-05-30'],
]) + '\n<div class="page"><script>createPageHTML(3, 0, "index", "html");</script></div>'));
w('czyjs/index_1.html', page('财政预决算公开', list([
  ['../czyjs/202306/t20230610_003.html', '上海市静安区卫生健康委员会2022年度部门决算', '2023-06-10'],
  ['./202206/t20220615_004.html', '襄阳市樊城区农业农村局2021年度部门决算', '2022-06-15'],
  ['./202206/t20220601_011.html', '2021年度政府采购意向公开', '2022-06-01'],
]) + '\n<div class="page"><a href="index.html">首页</a> <a href="index.html">上一页</a> <a href="index_2.html">下一页</a> <a href="index_2.html">尾页</a></div>', 'gb2312'), 'gbk');
w('czyjs/index_2.html', page('财政预决算公开', list([
  ['./202005/t20200520_005.html', '武汉市江岸区教育局2019年度部门决算', '2020-05-20'],
  ['/pdfjs/web/viewer.html?file=%2Fczyjs%2Fatt%2Fhubei-2020-xiling-minzheng.pdf', '宜昌市西陵区民政局2020年度部门决算（在线阅读）', '2021-06-01'],
  ['./att/P020250601_copy.pdf', '上海市普陀区财政局2024年度部门决算（转载）', '2025-06-03'],
  ['/private/internal-2024-juesuan.pdf', '内部资料：2024年度部门决算草稿', '2025-01-01'],
]) + '\n<div class="page"><a href="index_1.html">上一页</a> 3/3</div>', 'utf-8', false));
w('czyjs/202506/t20250601_001.html', page('上海市普陀区财政局2024年度部门决算', `<h1>上海市普陀区财政局2024年度部门决算</h1>
<p>发布日期：2025-06-01</p>
<p>附件：<a href="./P020250601_putuo.pdf">上海市普陀区财政局2024年度部门决算.pdf</a></p>
<p><a href="/czyjs/index.html">返回列表</a></p>`));
w('czyjs/202506/t20250602_002.html', page('上海市浦东新区文化体育和旅游局2024年度部门决算', `<h1>上海市浦东新区文化体育和旅游局2024年度部门决算</h1>
<p>附件：<a href="/czyjs/att/shanghai-2024-pudong-wenlv.pdf">决算公开表</a></p>`));
w('czyjs/202306/t20230610_003.html', page('上海市静安区卫生健康委员会2022年度部门决算', `<h1>上海市静安区卫生健康委员会2022年度部门决算</h1>
<p>附件1：<a href="../att/shanghai-2022-jingan-weijian.pdf">静安区卫健委2022年度部门决算.pdf</a></p>`, 'gbk'), 'gbk');
w('czyjs/202206/t20220615_004.html', page('襄阳市樊城区农业农村局2021年度部门决算', `<h1>襄阳市樊城区农业农村局2021年度部门决算</h1>
<iframe src="/pdfjs/web/viewer.html?file=%2Fczyjs%2Fatt%2Fhubei-2021-fancheng-nongye.pdf" width="100%" height="800"></iframe>`));
w('czyjs/202005/t20200520_005.html', page('武汉市江岸区教育局2019年度部门决算', `<h1>武汉市江岸区教育局2019年度部门决算</h1>
<p><a href="../att/hubei-2019-jiangan-jiaoyu.pdf" title="武汉市江岸区教育局2019年度部门决算">点击下载</a></p>`));
