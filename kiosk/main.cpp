// lasis-kiosk: the self-service kiosk. Until the Qt UI lands this executable runs headless only.
#include "kiosk/headless/headlessmain.h"

int main(int argc, char** argv) { return lasis::kiosk::runHeadless(argc, argv); }
