package org.ogf.saga.job;

import org.ogf.saga.SagaObject;
import org.ogf.saga.attributes.Attributes;

/**
 * What a job is to run, as attributes (GFD.90 section 4.1), made by {@link JobFactory#createJobDescription}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface JobDescription extends SagaObject, Attributes {
    String ARGUMENTS = "Arguments";
    String CANDIDATEHOSTS = "CandidateHosts";
    String CLEANUP = "Cleanup";
    String CPUARCHITECTURE = "CPUArchitecture";
    String ENVIRONMENT = "Environment";
    String ERROR = "Error";
    String EXECUTABLE = "Executable";
    String FILETRANSFER = "FileTransfer";
    String INPUT = "Input";
    String INTERACTIVE = "Interactive";
    String JOBCONTACT = "JobContact";
    String JOBPROJECT = "JobProject";
    String JOBSTARTTIME = "JobStartTime";
    String NUMBEROFPROCESSES = "NumberOfProcesses";
    String OPERATINGSYSTEMTYPE = "OperatingSystemType";
    String OUTPUT = "Output";
    String PROCESSESPERHOST = "ProcessesPerHost";
    String QUEUE = "Queue";
    String SPMDVARIATION = "SPMDVariation";
    String THREADSPERPROCESS = "ThreadsPerProcess";
    String TOTALCPUCOUNT = "TotalCPUCount";
    String TOTALCPUTIME = "TotalCPUTime";
    String TOTALPHYSICALMEMORY = "TotalPhysicalMemory";
    String WALLTIMELIMIT = "WallTimeLimit";
    String WORKINGDIRECTORY = "WorkingDirectory";
}
