// VM exit statuses exactly as bhyve(8) "EXIT STATUS": 0 rebooted, 1 powered off, 2 halted,
// 3 triple fault, 4 exited due to an error.
#pragma once

namespace tshyve::vmm {

enum ExitStatus : int { kExitReboot = 0, kExitPoweroff = 1, kExitHalt = 2, kExitTripleFault = 3, kExitError = 4 };

}  // namespace tshyve::vmm
