// The name of each of the controller's network services (model/controller-services.ts) in the
// technician's words: the catalogue's `service.<id>`; an unknown service is shown by its id.
import { isMessageId, msg, verbatim, type Bilingual } from './catalogue';

export function serviceTitle(service: string): Bilingual {
  const id = `service.${service}`;
  return isMessageId(id) ? msg(id) : verbatim(service);
}
