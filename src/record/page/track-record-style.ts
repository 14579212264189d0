/** The track-record page's stylesheet, served at /track-record.css (the CSP allows no inline styles). */
export const PAGE_STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 "DejaVu Sans",Helvetica,Arial,sans-serif;color:#1f2328;background:#f6f8fa}
.wrap{max-width:1180px;margin:0 auto;padding:0 24px}
header.top{background:#0d1117;color:#fff}header.top .wrap{display:flex;align-items:center;gap:16px;height:56px}
.brand{font-size:20px;letter-spacing:.3px}.brand b{color:#58a6ff}.tag{font-size:12px;text-transform:uppercase;letter-spacing:1px;color:#8b949e;border:1px solid #30363d;border-radius:12px;padding:2px 10px}
.hero{padding:36px 0 12px}.hero h1{font-size:30px;line-height:1.25;margin:0 0 10px;max-width:820px}.lede{color:#57606a;max-width:820px;margin:0}
.stats{display:grid;grid-template-columns:repeat(4,1fr);gap:16px;margin:24px 0}
.stat,.card{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:18px 20px}
.stat .label{font-size:12px;text-transform:uppercase;letter-spacing:.8px;color:#57606a}.stat .value{font-size:30px;font-weight:bold;margin:4px 0}.stat .note{font-size:13px;color:#57606a}
.up{color:#1a7f37}.down{color:#cf222e}
.grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;margin-bottom:16px}
figure.card{margin:0;overflow:hidden}figcaption{font-weight:bold;margin-bottom:8px}figcaption span{font-weight:normal;color:#57606a}
figure img{max-width:100%;height:auto}
.card{margin-bottom:16px}h2{font-size:18px;margin:0 0 12px}
table{width:100%;border-collapse:collapse}th{font-size:12px;text-transform:uppercase;letter-spacing:.6px;color:#57606a;text-align:left;border-bottom:1px solid #d0d7de;padding:8px}
td{padding:8px;border-bottom:1px solid #eaeef2}.num{text-align:right;font-variant-numeric:tabular-nums}.empty{color:#57606a;text-align:center}
.tier{display:inline-block;border-radius:10px;padding:1px 10px;font-size:12px;font-weight:bold}.tier.premium{background:#ddf4ff;color:#0550ae}.tier.basic{background:#dafbe1;color:#116329}.tier.free{background:#eaeef2;color:#424a53}
.chain .head{display:block;font:15px/1.4 "DejaVu Sans Mono",monospace;background:#0d1117;color:#7ee787;border-radius:8px;padding:14px 16px;word-break:break-all;margin:8px 0}
.fine{font-size:13px;color:#57606a}.method ul{color:#424a53;padding-left:20px}.method li{margin-bottom:6px}
footer{color:#57606a;font-size:12px;padding:16px 24px 40px}
@media (max-width:1000px){.grid{grid-template-columns:1fr}.stats{grid-template-columns:repeat(2,1fr)}}
`;
