// Enforcement of the ordering rules and self-lockout guards in main: before each write the engine builds
// the facts (OrderingContext) from the device and the session, asks checkRule, and refuses anything not
// 'satisfied' with an OrderingRuleViolation that names the rule and what unlocks it. 'unknown' is refused
// too: a guard that cannot see its facts must not let the write through. The facts a product adds (the
// MX controllers' port in use, Administrators, firmware conditions) are its family's
// (families/mx-controller/controller-guards.ts, DeviceFamily.orderingFacts).
import { checkRule, type OrderingContext, type OrderingRuleId } from '../guideline/ordering-rules';
import { OrderingRuleViolation } from './engine-errors';

export function enforceRules(ruleIds: readonly OrderingRuleId[], context: OrderingContext, attempted: string): void {
  for (const ruleId of ruleIds) {
    const verdict = checkRule(ruleId, context);
    if (verdict.status === 'satisfied' || verdict.status === 'not-applicable') continue;
    throw new OrderingRuleViolation(ruleId, verdict, attempted);
  }
}
