// Which inbox notices the requests capability's records make (inbox/inbox.h): a request that
// arrived from the other party (to this party's officers and supervisors), a message on a
// request (to this party's assignee, or to its officers and supervisors while nobody is
// assigned; never to its author), an assignment (to the assignee); and, as time passes, a
// clock of a request due within 24 hours or overdue (to its assignee). Added by src/app/.
#pragma once

#include "inbox/inbox.h"

namespace liaison::requests {

// kind → source, for inbox::add_record_source.
void add_notice_sources();

}  // namespace liaison::requests
