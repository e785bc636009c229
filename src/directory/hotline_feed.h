// The directory's feed to the hotline (hotline/directory_feed.h): the live entries of a party
// and tier, the ones that need confirming, and who keeps them. Handed over once from src/app/.
#pragma once

#include "hotline/directory_feed.h"

namespace liaison::directory {

hotline::DirectoryFeed hotline_feed();

}  // namespace liaison::directory
