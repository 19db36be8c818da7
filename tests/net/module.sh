#!/bin/bash
# Load, use and unload leaves nothing behind; the family alias autoloads
# the module; a missing module is reported as such.
. "$(dirname "$0")/../lib.sh"
need ping "$BRFWCTL"
KO=$SRC/build/$BRFW_KVER/brfw.ko
topo_up 3

grep -q '^brfw ' /proc/modules || insmod "$KO"
brfwctl port set vnet1 policy-in drop policy-out drop
brfwctl port set vnet2 policy-in drop
check_fail "policy in force before unload" ping_ok 3 "$(vm_ip 1)"
pings 3 "$(vm_ip 2)" 3
check_eq "module refcount is 0 while policies exist" 0 \
	"$(awk '$1 == "brfw" {print $3}' /proc/modules)"
check "rmmod with live policies" rmmod brfw
check_fail "module is gone" grep -q '^brfw ' /proc/modules
check "traffic passes with the module unloaded" ping_ok 3 "$(vm_ip 1)"
check "and vm2 is reachable again" ping_ok 3 "$(vm_ip 2)"

# The genl family alias: the kernel asks for it when brfwctl looks the
# family up. (A real host answers with modprobe; depmod over the guest's
# 9p root is too slow, so a stand-in loader records the request.)
check "module carries the genl family alias" \
	sh -c "modinfo -F alias '$KO' | grep -qx net-pf-16-proto-16-family-brfw"
saved=$(cat /proc/sys/kernel/modprobe)
cat > /tmp/brfw-loader <<EOT
#!/bin/sh
echo "\$*" >> /tmp/brfw-loader.log
case "\$*" in *net-pf-16-proto-16-family-brfw*) insmod "$KO" ;; esac
EOT
chmod +x /tmp/brfw-loader
echo /tmp/brfw-loader > /proc/sys/kernel/modprobe
check "brfwctl autoloads the module" brfwctl port show
check "the kernel asked for the family alias" grep -q family-brfw /tmp/brfw-loader.log
check "module loaded by the alias" grep -q '^brfw ' /proc/modules
check_eq "a fresh load has no policies" 0 "$(port_count)"
check "no policy after reload: vm3 pings vm1" ping_ok 3 "$(vm_ip 1)"

# Not loaded and not loadable: a clear message.
rmmod brfw
echo "$saved" > /proc/sys/kernel/modprobe
check_err "port show without the module" "module is not loaded" brfwctl port show
check_err "port set without the module" "module is not loaded" brfwctl port set vnet1 policy-in drop
check_err "version without the module" "not loaded" brfwctl version

# Load/unload cycles under traffic.
ip netns exec vm3 ping -i 0.02 -q -w 20 "$(vm_ip 1)" >/dev/null 2>&1 &
ok_cycles=0
for i in $(seq 10); do
	insmod "$KO" && brfwctl port set vnet1 policy-in drop >/dev/null &&
		brfwctl port set vnet3 policy-out drop >/dev/null && rmmod brfw &&
		ok_cycles=$((ok_cycles + 1))
done
kill %1 2>/dev/null; wait 2>/dev/null
check_eq "10 load/configure/unload cycles under traffic" 10 $ok_cycles
insmod "$KO"
check_eq "reloaded module has no policies" 0 "$(port_count)"
t_done
