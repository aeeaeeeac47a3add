/** Synthetic documents (made-up names and figures) shared by the audit tests: identities, narrative, document facts. */

const T = (s: string) => s.replace(/ *\| */g, '\t');

/** A narrative for the synthetic Shanghai 决算 (test/fixtures/shanghai-final.layout.budget.txt): every figure agrees with its tables. */
export const NARRATIVE = `
  二、收入支出决算情况说明
  示例市某区测绘所2024年度收入支出总计1260.00万元。与2023年度相比，收入支出总计增加60.00万元，增长5.00%。主要原因：业务增加。

  本年收入合计1240.00万元，其中：财政拨款收入1200.40万元，占96.81%；其他收入4.00万元，占0.32%。

  本年支出合计1240.00万元，其中：基本支出819.50万元，占66.09%；项目支出420.50万元，占33.91%。

  三、财政拨款收入支出决算总体情况说明
  示例市某区测绘所2024年度财政拨款收入支出总计1220.40万元。2023年度财政拨款收入支出总计1100.00万元。

  四、一般公共预算财政拨款支出决算情况说明
  一般公共预算财政拨款支出年初预算为1250.00万元，支出决算为1200.40万元，完成年初预算的96.03%。决算数小于预算数的主要原因：项目调整。

  一般公共预算财政拨款基本支出819.50万元。其中：人员经费719.50万元，主要包括：基本工资；公用经费100.00万元，主要包括：办公费。

  五、机关运行经费支出情况
  机关运行经费支出100.00万元，比2023年度减少5.00万元，下降4.76%。主要原因：压减开支。
`;

export interface Figures {
  summaryIncome?: string;
  summaryGeneral?: string;
  summaryExpenditure?: string;
  summaryClass201?: string;
  fiscalGeneral?: string;
  expTotal?: string;
  exp201?: string;
  exp20103Basic?: string;
  gbfTotal?: string;
  gbfBasic?: string;
  economicTotal?: string;
  withEconomic?: boolean;
}

/** A small Guangdong-style budget: summary, fiscal summary, expenditure, 一般公共预算 by function and by economic class. */
export function gdBudget(f: Figures = {}): string {
  const v = {
    summaryIncome: '100.00',
    summaryGeneral: '100.00',
    summaryExpenditure: '100.00',
    summaryClass201: '90.00',
    fiscalGeneral: '100.00',
    expTotal: '100.00',
    exp201: '90.00',
    exp20103Basic: '50.00',
    gbfTotal: '100.00',
    gbfBasic: '60.00',
    economicTotal: '60.00',
    withEconomic: true,
    ...f,
  };
  const expBasic201 = v.exp20103Basic === '50.00' ? '50.00' : v.exp20103Basic;
  return T(`2024年
测试局部门预算
表1
收支总体情况表
单位：万元
收入 | | 支出 |
项目 | 预算 | 项目 | 预算
一、预算拨款 | ${v.summaryGeneral} | 一、一般公共服务支出 | ${v.summaryClass201}
二、财政专户拨款 | 0.00 | 二、教育支出 | 10.00
本年收入合计 | ${v.summaryIncome} | 本年支出合计 | ${v.summaryExpenditure}
收入总计 | ${v.summaryIncome} | 支出总计 | ${v.summaryExpenditure}
表3
支出总体情况表
单位：万元
科目名称 | 合计 | 基本支出 | 项目支出 | 事业单位经营支出 | 对附属单位补助支出 | 上缴上级支出 | 结转下年
合计 | ${v.expTotal} | 60.00 | 40.00 | 0.00 | 0.00 | 0.00 | 0.00
[201]一般公共服务支出 | ${v.exp201} | ${expBasic201} | 40.00 | 0.00 | 0.00 | 0.00 | 0.00
[20103]政府办公厅（室）及相关机构事务 | ${v.exp201} | ${expBasic201} | 40.00 | 0.00 | 0.00 | 0.00 | 0.00
[205]教育支出 | 10.00 | 10.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00
[20501]教育管理事务 | 10.00 | 10.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00
表4
财政拨款收支总体情况表
单位：万元
收入 | | 支出 |
项目 | 预算 | 项目 | 预算
一、一般公共预算 | ${v.fiscalGeneral} | 一、一般公共服务支出 | 90.00
二、政府性基金预算 | 0.00 | 二、教育支出 | 10.00
本年收入合计 | ${v.fiscalGeneral} | 本年支出合计 | 100.00
收入总计 | ${v.fiscalGeneral} | 支出总计 | 100.00
表5
一般公共预算支出情况表（按功能分类科目）
单位：万元
功能科目名称 | 一般公共预算支出 | |
| 小计 | 其中：基本支出 | 项目支出
合计 | ${v.gbfTotal} | ${v.gbfBasic} | 40.00
[201]一般公共服务支出 | 90.00 | 50.00 | 40.00
[20103]政府办公厅（室）及相关机构事务 | 90.00 | 50.00 | 40.00
[205]教育支出 | 10.00 | 10.00 | 0.00
[20501]教育管理事务 | 10.00 | 10.00 | 0.00
${
  v.withEconomic
    ? `表6
一般公共预算基本支出情况表（按经济分类科目）
单位：万元
科目名称 | 预算
合计 | ${v.economicTotal}
[301]工资福利支出 | 50.00
[30101]基本工资 | 50.00
[302]商品和服务支出 | 10.00
[30201]办公费 | 10.00
`
    : ''
}`);
}


/** A Shanghai 单位预算 (made-up unit and figures): its 财务收支预算总表 splits 基本支出 into 人员经费 / 公用经费, as does its 基本支出 economic table. */
export const SH_UNIT_BUDGET = `2024年
示例市某区某服务中心单位预算（上海）
                              2024年预算单位财务收支预算总表
编制单位：示例市某区某服务中心                                                                        单位：元

          本年收入                                      本年支出

                                                                   预算数

    项目           预算数                项目                            基本支出
                                               合计                                     项目支出
                                                            人员经费         公用经费

一、财政拨款收入          1,000,000 一、一般公共服务支出

1、一般公共预算资金        1,000,000 二、社会保障和就业支出         1,200,000      700,000      300,000      200,000

二、事业收入              200,000

   收入总计           1,200,000        支出总计        1,200,000      700,000      300,000      200,000
              2024年预算单位一般公共预算基本支出部门预算经济分类预算表
编制单位：示例市某区某服务中心                                                       单位：元

                      项目                        一般公共预算基本支出
部门预算经济分类科目
    编码                     经济分类科目名称   合计            人员经费          公用经费
 类     款
 301         工资福利支出                          700,000       700,000

 301   01    基本工资                            700,000       700,000

 302         商品和服务支出                         300,000                     300,000

 302   01    办公费                             300,000                     300,000

                    合计                       1,000,000       700,000       300,000
`;
