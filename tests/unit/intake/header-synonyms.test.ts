import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { headerSynonymsSchema } from '../../../config/header-synonyms-schema.ts';
import { CANONICAL_FIELDS } from '../../../bots/intake/canonical-order.ts';
import {
  compileHeaderSynonyms,
  DEFAULT_HEADER_SYNONYMS_PATH,
  loadHeaderSynonyms,
  matchHeader,
  normaliseHeaderText,
} from '../../../bots/intake/header-synonyms.ts';
import { OrderDeskError } from '../../../core/errors/orderdesk-error.ts';
import { tempDir } from './helpers.ts';

const synonyms = loadHeaderSynonyms();
const temp = tempDir('synonyms');
afterAll(temp.cleanup);

describe('header matching', () => {
  it.each([
    ['订单编号', 'externalRef'],
    ['订单号', 'externalRef'],
    ['Order Ref', 'externalRef'],
    ['ORDER NO.', 'externalRef'],
    ['order_no', 'externalRef'],
    ['Order-No', 'externalRef'],
    ['*订单编号', 'externalRef'],
    ['订单编号：', 'externalRef'],
    ['  订 单 编 号  ', 'externalRef'],
    ['externalRef', 'externalRef'],
    ['下单日期', 'orderDate'],
    ['Order Date', 'orderDate'],
    ['客户编号', 'customerId'],
    ['Customer ID', 'customerId'],
    ['客户名称', 'customerName'],
    ['客户姓名', 'customerName'],
    ['Customer Name', 'customerName'],
    ['证件类型', 'idType'],
    ['ID Type', 'idType'],
    ['证件号码', 'idNumber'],
    ['ID Number', 'idNumber'],
    ['产品代码', 'productCode'],
    ['Product Code', 'productCode'],
    ['产品风险等级', 'productRisk'],
    ['Product Risk', 'productRisk'],
    ['客户风险承受等级', 'customerRisk'],
    ['风险承受能力', 'customerRisk'],
    ['Customer Risk', 'customerRisk'],
    ['金额', 'amount'],
    ['购买金额', 'amount'],
    ['认购金额', 'amount'],
    ['金额(元)', 'amount'],
    ['金额（元）', 'amount'],
    ['金额【元】', 'amount'],
    ['金额 [CNY]', 'amount'],
    ['Amount (CNY)', 'amount'],
    ['AMOUNT', 'amount'],
    ['Ａｍｏｕｎｔ', 'amount'],
    ['币种', 'currency'],
    ['Currency', 'currency'],
    ['期限', 'termMonths'],
    ['期限(月)', 'termMonths'],
    ['期限（月）', 'termMonths'],
    ['Term (months)', 'termMonths'],
    ['支付方式', 'paymentMethod'],
    ['Payment Method', 'paymentMethod'],
    ['客户经理', 'salesRep'],
    ['销售人员', 'salesRep'],
    ['Sales Rep', 'salesRep'],
    ['网点', 'branch'],
    ['营业部', 'branch'],
    ['Branch', 'branch'],
    ['信用等级', 'creditGrade'],
    ['Credit Grade', 'creditGrade'],
    ['备注', 'notes'],
    ['Notes', 'notes'],
  ])('%j → %s', (header, field) => {
    expect(matchHeader(synonyms, header)).toBe(field);
  });

  it.each([['金额合计'], ['序号'], ['No.'], [''], ['   '], ['（元）'], ['2026年11月 理财产品销售订单']])('%j matches nothing', (header) => {
    expect(matchHeader(synonyms, header)).toBeUndefined();
  });

  it('normalises width, case, units, spaces and punctuation', () => {
    expect(normaliseHeaderText('Ａｍｏｕｎｔ　（ＣＮＹ）')).toBe('amount');
    expect(normaliseHeaderText('Order-No.')).toBe('orderno');
    expect(normaliseHeaderText('（备注）')).toBe('备注');
    expect(normaliseHeaderText('金额(元)(含税)')).toBe('金额元');
  });
});

describe('config/header-synonyms.yaml', () => {
  it('parses with its schema and names every canonical field', () => {
    const parsed = headerSynonymsSchema.parse(parseYaml(readFileSync(DEFAULT_HEADER_SYNONYMS_PATH, 'utf8')));
    expect(Object.keys(parsed.fields).sort()).toEqual([...CANONICAL_FIELDS].sort());
    expect(new Set(synonyms.headers.values())).toEqual(new Set(CANONICAL_FIELDS));
  });

  it('maps id-type, risk and currency wordings', () => {
    expect(synonyms.idTypes.get('身份证')).toBe('resident_id');
    expect(synonyms.idTypes.get('居民身份证')).toBe('resident_id');
    expect(synonyms.idTypes.get('营业执照')).toBe('uscc');
    expect(synonyms.idTypes.get('businesslicense')).toBe('uscc');
    expect(synonyms.idTypes.get('护照')).toBe('passport');
    expect(synonyms.productRisks.get('中风险')).toBe('R3');
    expect(synonyms.customerRisks.get('平衡型')).toBe('C3');
    expect(synonyms.currencies.get('人民币')).toBe('CNY');
    expect(synonyms.currencies.get('¥')).toBe('CNY');
  });

  it('refuses a file whose key is wrong, naming the key on one line', () => {
    const path = join(temp.dir, 'bad-key.yaml');
    writeFileSync(path, readFileSync(DEFAULT_HEADER_SYNONYMS_PATH, 'utf8').replace('  amount:', '  amonut:'));
    expect(() => loadHeaderSynonyms(path)).toThrow(OrderDeskError);
    expect(() => loadHeaderSynonyms(path)).toThrow(/fields/);
    try {
      loadHeaderSynonyms(path);
    } catch (error) {
      expect((error as OrderDeskError).code).toBe('config_invalid');
      expect((error as Error).message).not.toMatch(/\n/);
    }
  });

  it('refuses invalid YAML and a missing file', () => {
    const path = join(temp.dir, 'broken.yaml');
    writeFileSync(path, 'version: 1\nfields: [unclosed\n');
    expect(() => loadHeaderSynonyms(path)).toThrow(/not valid YAML/);
    expect(() => loadHeaderSynonyms(join(temp.dir, 'missing.yaml'))).toThrow(/ENOENT/);
  });

  it('refuses a wording that means two fields', () => {
    const config = headerSynonymsSchema.parse(parseYaml(readFileSync(DEFAULT_HEADER_SYNONYMS_PATH, 'utf8')));
    config.fields.notes = [...config.fields.notes, '金 额'];
    expect(() => compileHeaderSynonyms(config)).toThrow(/already means amount/);
  });

  it('refuses a wording with nothing to match on', () => {
    const config = headerSynonymsSchema.parse(parseYaml(readFileSync(DEFAULT_HEADER_SYNONYMS_PATH, 'utf8')));
    config.fields.notes = [...config.fields.notes, '（）'];
    expect(() => compileHeaderSynonyms(config)).toThrow(/no letters or digits/);
  });
});
