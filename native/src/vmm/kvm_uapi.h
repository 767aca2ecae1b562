// <linux/kvm.h> for C++: the uapi __DECLARE_FLEX_ARRAY wraps flexible arrays in a struct with an
// empty member, which is 1 byte in C++ (0 in C), so kvm_cpuid2/kvm_msrs/kvm_msr_list grow by 4
// bytes and their ioctl numbers change. Redefine it as a plain trailing array first.
#pragma once
#include <linux/stddef.h>
#undef __DECLARE_FLEX_ARRAY
#define __DECLARE_FLEX_ARRAY(TYPE, NAME) TYPE NAME[0]
#include <linux/kvm.h>

static_assert(sizeof(kvm_cpuid2) == 8 && sizeof(kvm_msrs) == 8 && sizeof(kvm_msr_list) == 4, "KVM uapi structs must have their C layout");
