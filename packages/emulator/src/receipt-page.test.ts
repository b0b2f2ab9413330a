// Issue 12 §3 j: `receipt.url` of a Payment opens a receipt page served by the emulator (Korean, laid out like the
// gateway's card receipt), not a 404. Fetched as HTML over real HTTP.
import { describe, expect, it } from 'vitest';
import type { Emulator } from './index.js';
import { orderId, useEmulator } from './test-helpers.js';
import type { EmulatorClient } from './test-helpers.js';

let emu: Emulator;
let api: EmulatorClient;

useEmulator((started) => ({ emu, api } = started));

async function html(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('receipt page', () => {
  it('shows the shop, amount, method, card, approval number and status of a card payment', async () => {
    const p = await api.pay(orderId('rcpt'), 15_000, {
      orderName: '토스 <티셔츠> 외 2건',
      cardCompany: '41',
      installmentPlanMonths: 0,
    });
    expect(p.receipt.url.startsWith(`${emu.url}/receipt/`)).toBe(true);
    const page = await html(p.receipt.url);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html; charset=utf-8/);
    expect(page.text).toContain('<html lang="ko">');
    expect(page.text).toContain('카드 매출전표');
    expect(page.text).toContain(p.mId);
    expect(page.text).toContain('15,000원');
    expect(page.text).toContain('카드');
    expect(page.text).toContain('신한카드');
    expect(page.text).toContain(p.card.number);
    expect(page.text).toContain(p.card.approveNo);
    expect(page.text).toContain('승인');
    expect(page.text).toContain('일시불');
    // VAT split as in the Payment, and the order name escaped
    expect(page.text).toContain('13,636원');
    expect(page.text).toContain('1,364원');
    expect(page.text).toContain('토스 &#60;티셔츠&#62; 외 2건');
    expect(page.text).not.toContain('<티셔츠>');
  });

  it('shows a cancelled payment as 취소 with the cancelled amount', async () => {
    const p = await api.pay(orderId('rcpt'), 20_000);
    await api.post(`/v1/payments/${p.paymentKey}/cancel`, { cancelReason: '고객 변심' });
    const page = await html(p.receipt.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('취소');
    expect(page.text).toContain('취소 금액');
    expect(page.text).toContain('20,000원');
  });

  it('a transfer receipt names the bank and 계좌이체; an unknown transaction is a Korean 404 page', async () => {
    const id = orderId('rcpt');
    const auth = await emu.control.authorizePayment({
      orderId: id,
      amount: 8_000,
      method: 'TRANSFER',
      bank: '88',
    });
    const done = (
      await api.post('/v1/payments/confirm', { paymentKey: auth.paymentKey, orderId: id, amount: 8_000 })
    ).body;
    const page = await html(done.receipt.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('계좌이체');
    expect(page.text).toContain('신한');
    expect(page.text).toContain('8,000원');
    const missing = await html(`${emu.url}/receipt/redirection?transactionId=nope&ref=PX`);
    expect(missing.status).toBe(404);
    expect(missing.type).toMatch(/^text\/html/);
    expect(missing.text).toContain('영수증을 찾을 수 없습니다');
  });
});
