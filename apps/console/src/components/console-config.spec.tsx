import { Button } from 'antd';
import { renderToStaticMarkup } from 'react-dom/server';
import { ConsoleConfig } from './ConsoleConfig';

describe('the console’s Ant Design settings', () => {
  it('keep a two-character Chinese button label together', () => {
    const html = renderToStaticMarkup(
      <ConsoleConfig locale="zh-CN">
        <Button>查看</Button>
        <Button>刷新</Button>
      </ConsoleConfig>,
    );
    expect(html).toContain('>查看<');
    expect(html).toContain('>刷新<');
    expect(html).not.toMatch(/查 看|刷 新/);
  });
});
